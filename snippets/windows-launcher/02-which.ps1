Get-Command python, py | Select-Object -ExpandProperty Source
py -0p
