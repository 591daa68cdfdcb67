grep -n example-lib requirements.txt constraints.txt
cat requirements.txt
