#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter: python3.10 on PATH first, then pyenv.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }
if command -v python3.10 >/dev/null 2>&1 && ok python3.10; then
  command -v python3.10; exit 0
fi
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for p in "$root"/versions/3.10.*/bin/python; do
    if [ -x "$p" ] && ok "$p"; then echo "$p"; exit 0; fi
  done
fi
for p in /usr/bin/python3.10 /usr/local/bin/python3.10; do
  if [ -x "$p" ] && ok "$p"; then echo "$p"; exit 0; fi
done
cat >&2 <<'MSG'
Fejl: Python 3.10 blev ikke fundet (Rasa 3.6 kører kun på Python 3.8-3.10).
Installér den, fx med `pyenv install 3.10.13` eller Debians/Ubuntus pakke
python3.10-venv, eller læg `python3.10` på PATH, og kør kommandoen igen.
Se README, «Fejlfinding».
MSG
exit 1
