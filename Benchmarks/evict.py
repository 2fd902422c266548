#!/usr/bin/env python3
"""Evict every file under the given folders from the page cache (posix_fadvise DONTNEED).

compare.sh's cold runs use it when /proc/sys/vm/drop_caches cannot be written. Only the store's
files are evicted (the binary and its libraries stay cached), and a kernel may keep pages that
another process has mapped. Standard library only.
"""
import os
import sys

for top in sys.argv[1:]:
    for folder, _dirs, files in os.walk(top):
        for name in files:
            try:
                fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
