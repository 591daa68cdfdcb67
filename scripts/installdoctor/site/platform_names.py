"""Platforms as pages say them; the verifier records the short names (`results.current_platform`)."""

PLATFORM_NAMES = {"linux": "Linux", "macos": "macOS", "windows": "Windows", "conda": "conda", "docker": "Docker"}


def platform_name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform)
