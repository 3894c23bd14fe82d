"""The content API: Newsroom's stories as JSON and IPTC ninjs for partners, apps and headless front ends, with
partner keys and signed webhooks. It reads through the articles app's one public rule and never writes content."""
