"""What the service tells its operators: Prometheus metrics, JSON logs, request and update ids."""
