package io.cronwheel.alert;

/** The target policy refuses a webhook's host: the alert is not sent, now or later. */
final class WebhookRefused extends RuntimeException {
  WebhookRefused(String reason) {
    super(reason, null, false, false);
  }
}
