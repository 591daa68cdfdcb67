deactivate
.venv\Scripts\python.exe -m pip install --upgrade example-lib
.venv\Scripts\python.exe app.py
