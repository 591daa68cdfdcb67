python3.12 - <<'PY'
import json, urllib.request
request = urllib.request.Request("https://pypi.org/simple/tensorflow/",
                                 headers={"Accept": "application/vnd.pypi.simple.v1+json"})
files = json.load(urllib.request.urlopen(request))["files"]
for version in ("2.2.3", "2.8.4", "2.9.0", "2.21.0"):
    declared = {f.get("requires-python") for f in files if f["filename"].split("-")[1] == version}
    print(version, "Requires-Python:", *declared)
PY
