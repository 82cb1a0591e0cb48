"""Personal data: no NIK or KK in clear anywhere (issue 14)."""
