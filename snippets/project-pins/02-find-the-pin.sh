grep -n example-lib requirements.txt
