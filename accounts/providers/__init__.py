"""Sign-in providers: allauth's WeChat, DingTalk and Feishu with their endpoints' base
addresses taken from settings (``SOCIALACCOUNT_PROVIDERS[id]``), and WeCom, which allauth
lacks, on allauth's OAuth2 classes. Each is an installed app so allauth's registry finds it."""

from typing import Any


def base_url(provider: Any, key: str) -> str:
    """The provider's base address ``key`` from its settings, without a trailing slash."""
    return str(provider.get_settings()[key]).rstrip("/")
