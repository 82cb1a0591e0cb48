"""Referral letters (surat rujukan): numbered, issued when a complaint is referred, rendered as PDF."""
