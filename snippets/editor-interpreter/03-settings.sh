cat .vscode/settings.json
