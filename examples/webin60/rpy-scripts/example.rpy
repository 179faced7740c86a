# This file marks where the script lives in the served directory. The
# resource it stands for is compiled into the server: see "scripts" in
# main.go. The server answers /example.rpy with it, not with this text.
