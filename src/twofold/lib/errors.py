class ServiceError(Exception):
    """A request a service refuses; the message is safe to show the person.

    ``status`` is the HTTP status the API answers with (400 unless a subclass or caller says
    otherwise); views show ``message`` and change nothing.
    """

    status = 400

    def __init__(self, code: str, message: str, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status
