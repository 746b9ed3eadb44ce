"""Runs moto's AWS server for the incident-response toolkit (MotoEngine starts it).

Differs from the plain `moto_server` command in three ways, each on purpose:

* Every request is handled under one lock. moto's threaded server runs requests in parallel and
  its DynamoDB conditional writes read the item, evaluate the condition and store the new item in
  plain Python with no lock of their own, so two concurrent `PutItem ... attribute_not_exists`
  could both succeed if the interpreter switched threads between the read and the store. Under the
  lock each request runs whole before the next starts: a conditional write is atomic by
  construction, as in DynamoDB. Connections are still accepted and read in parallel.
* It binds port 0 on the loopback interface and prints the port it got (no race for a free port).
* It exits when its standard input reaches end of file: the JVM that started it holds the other
  end of that pipe, so when the JVM exits or is killed, the engine goes too.

Usage: python serve_moto.py   (prints "listening on http://127.0.0.1:PORT" once it accepts)
"""
import logging
import os
import sys
import threading


def serialized(app):
    lock = threading.Lock()

    def handle(environ, start_response):
        with lock:
            result = app(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        return [body]

    return handle


def exit_when_parent_goes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    host = os.environ.get("MOTO_HOST", "127.0.0.1")
    from werkzeug.serving import make_server
    from moto import __version__ as moto_version
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )

    # One line per request on stderr is noise here; errors still show.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server(host, 0, serialized(DomainDispatcherApplication(create_backend_app)),
                         threaded=True, request_handler=MotoRequestHandler)
    port = server.server_port
    # moto writes its own port into URLs it hands out (SQS queue URLs, ...).
    os.environ["MOTO_PORT"] = str(port)
    threading.Thread(target=exit_when_parent_goes, name="parent-watch", daemon=True).start()
    print(f"moto {moto_version} listening on http://{host}:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
