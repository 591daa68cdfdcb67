sed -i.bak 's/^example-lib$/example-lib==2.0/' requirements.txt
docker build --quiet --tag myapp .
