"""送达 (delivery): the last stage of the data flow. Mails (SMTP) and webhook posts of what a month produced —
blank ledgers, receipts, 催报通知, 督办通知, the bulletin — and the reminders before the due day, each kept in the
outbox of the history database so that nothing is sent twice and failures are retried.

Only the CLI (send, remind, outbox) and the long-running commands (watch, serve) import this package.
"""

from generator.delivery.outgoing import KIND_ALIASES, KINDS, document_hash
from generator.delivery.send import Delivery, DeliveryReport, auto_deliver, due_date, remind, send
from generator.delivery.settings import DeliverySettings, SmtpServer, load_settings

__all__ = [
    "KINDS",
    "KIND_ALIASES",
    "Delivery",
    "DeliveryReport",
    "DeliverySettings",
    "SmtpServer",
    "auto_deliver",
    "document_hash",
    "due_date",
    "load_settings",
    "remind",
    "send",
]
