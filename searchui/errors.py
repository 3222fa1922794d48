"""Error responses in Swedish: an HTML page, or JSON under ``/api``; never a traceback."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import BadHost, HTTPException

import indexer

#: Page headings, and the message used when nothing more specific is known.
TITLES: dict[int, str] = {
    400: "Felaktig sökning",
    404: "Sidan finns inte",
    405: "Metoden stöds inte",
    500: "Något gick fel",
    503: "Sökningen är inte tillgänglig just nu",
}
MESSAGES: dict[int, str] = {
    400: "Förfrågan kunde inte tolkas.",
    404: "Det finns ingen sida eller inget pressmeddelande på den här adressen. "
    "Adressen kan vara felskriven, eller så har sidan tagits bort.",
    405: "Adressen går inte att använda på det sättet.",
    500: "Ett oväntat fel uppstod. Försök igen om en stund.",
    503: "Sökindexet är inte byggt ännu. Försök igen om en stund.",
}
OTHER_TITLE = "Något gick fel"
BAD_HOST = "Felaktig förfrågan: värdnamnet (Host) går inte att läsa."


def error_response(status: int, message: str | None = None) -> tuple[Response | str, int]:
    """A Swedish error: JSON under ``/api`` and for ``.json`` downloads, otherwise a page."""
    text = message or MESSAGES.get(status, MESSAGES[500])
    if request.blueprint == "api" or request.path.startswith("/api/") or request.path.endswith(".json"):
        return jsonify(error={"status": status, "message": text}), status
    title = TITLES.get(status, OTHER_TITLE)
    return render_template("error.html", status=status, title=title, message=text), status


def init_app(app: Flask) -> None:
    """Register the error handlers on ``app``."""

    @app.errorhandler(indexer.SearchError)
    def bad_parameter(error: indexer.SearchError) -> tuple[Response | str, int]:
        return error_response(400, str(error))

    @app.errorhandler(indexer.IndexNotFoundError)
    def no_index(error: Exception) -> tuple[Response | str, int]:
        app.logger.error("Inget sökindex: %s", error)
        return error_response(503)

    @app.errorhandler(BadHost)
    def bad_host(error: BadHost) -> Response:
        # No page: every link on it would need the host the request failed to name.
        return Response(BAD_HOST, 400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response | str, int]:
        return error_response(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[Response | str, int]:
        app.logger.exception("Oväntat fel vid %s", request.path)
        return error_response(500)
