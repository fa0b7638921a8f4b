"""A pyftpdlib FTP server for the source tests, with fault injection.

Run with Debian's python3 (/usr/bin/python3, package python3-pyftpdlib). Binds 127.0.0.1 on an OS-chosen port
(or --port) and prints "READY <port>" once it listens. Options:
  --root DIR            directory served (anonymous read-only, and to --user)
  --user U --password P an extra account
  --cut-after N         close the data connection after N bytes on the FIRST RETR of each file (or of --cut-file)
  --cut-file NAME       only cut this file (basename)
  --cut-reply 426|226   what the server says on the control connection after the cut (426 is honest; 226 lies,
                        so the client must notice the short length itself)
  --refuse-epsv         answer EPSV with 502 so the client has to fall back to PASV
  --masquerade ADDR     announce ADDR in PASV replies (a private/odd address the client must ignore)
  --command-log FILE    append every command received (PASS masked), e.g. "REST 1048576", to FILE
"""
import argparse
import logging
import os
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import DTPHandler, FTPHandler
from pyftpdlib.servers import FTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--root", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--cut-after", type=int, default=0)
    parser.add_argument("--cut-file")
    parser.add_argument("--cut-reply", choices=["426", "226"], default="426")
    parser.add_argument("--refuse-epsv", action="store_true")
    parser.add_argument("--masquerade")
    parser.add_argument("--command-log")
    args = parser.parse_args()

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    already_cut = set()

    class CuttingDTPHandler(DTPHandler):
        """Sends at most --cut-after bytes of the first transfer of a file, then drops the data connection."""

        _limit = None

        def send(self, data):
            if self._limit is None:
                self._limit = -1
                name = getattr(self.file_obj, "name", None)
                if (args.cut_after > 0 and name and name not in already_cut
                        and (args.cut_file is None or os.path.basename(name) == args.cut_file)):
                    already_cut.add(name)
                    self._limit = args.cut_after
            if self._limit < 0:
                return DTPHandler.send(self, data)
            remaining = self._limit - self.tot_bytes_sent
            if remaining <= 0:
                return 0
            sent = DTPHandler.send(self, data[:remaining])
            if self.tot_bytes_sent >= self._limit:
                self.ioloop.call_later(0.05, self._cut)
            return sent

        def _cut(self):
            if self._closed:
                return
            if args.cut_reply == "226":
                # Forget the unsent rest so handle_close() believes the transfer finished and replies 226.
                self.discard_buffers()
                self.producer_fifo.clear()
            self.handle_close()

    class TestFTPHandler(FTPHandler):
        dtp_handler = CuttingDTPHandler
        use_sendfile = False
        auth_failed_timeout = 0
        permit_foreign_addresses = False

        def process_command(self, cmd, *a, **kw):
            if args.command_log:
                shown = "PASS ****" if cmd == "PASS" else (cmd + (" " + str(a[0]) if a and a[0] else ""))
                with open(args.command_log, "a") as log:
                    log.write(shown + "\n")
            return FTPHandler.process_command(self, cmd, *a, **kw)

        def ftp_EPSV(self, line):
            if args.refuse_epsv:
                self.respond("502 EPSV not implemented here.")
                return
            return FTPHandler.ftp_EPSV(self, line)

    authorizer = DummyAuthorizer()
    authorizer.add_anonymous(args.root)
    if args.user:
        authorizer.add_user(args.user, args.password or "", args.root, perm="elr")
    TestFTPHandler.authorizer = authorizer
    if args.masquerade:
        TestFTPHandler.masquerade_address = args.masquerade

    server = FTPServer(("127.0.0.1", args.port), TestFTPHandler)
    print("READY %d" % server.address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
