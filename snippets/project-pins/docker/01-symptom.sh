docker build --quiet --tag myapp .
docker run --rm myapp
