deactivate
.venv\Scripts\python.exe app.py
