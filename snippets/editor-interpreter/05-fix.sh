cat > .vscode/settings.json <<'EOF'
{
    "python.defaultInterpreterPath": "${workspaceFolder}/.venv/bin/python"
}
EOF
