#!/bin/sh
# Runs a command with glibc's allocator set to keep freed memory for reuse. The engine's columns are
# large typed arrays (8 MB for 1M bars), allocated per run, indicator and sweep evaluation. By default
# glibc hands memory of that size back to the kernel when it is freed, so every new column faults its
# pages in again: in a virtual machine that costs ~3 ms per 8 MB, more than most indicators take to
# compute into it. Fixed thresholds (which also turn off glibc's adaptive ones) keep blocks below 32 MB
# in the heap and never trim it, so a column reuses memory already mapped. The process's resident size
# then stays at its peak. Other C libraries ignore these variables.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}"
exec "$@"
