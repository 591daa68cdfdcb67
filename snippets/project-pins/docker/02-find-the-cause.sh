cat Dockerfile requirements.txt
docker run --rm myapp python -m pip list --outdated
docker build --progress=plain --tag myapp . 2>&1 | grep -A 1 'RUN pip'
