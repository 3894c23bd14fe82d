"""The content API's keys and webhooks in the desk's sidebar."""

from desk import sidebar

sidebar.register_item(sidebar.SYNDICATION, 20, "API keys", "key", "admin:api_apikey_changelist", "api.ApiKey")
sidebar.register_item(
    sidebar.SYNDICATION, 30, "Webhooks", "webhook", "admin:api_webhookendpoint_changelist", "api.WebhookEndpoint"
)
