python -m pip index versions previewlib
python -m pip index versions --pre previewlib
