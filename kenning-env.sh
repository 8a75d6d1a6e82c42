# Process settings of every Kenning JVM; sourced by ./kenning, bench/run and notebooks/install-kernel
# (which writes them into the Jupyter kernel's spec), each of which sets ROOT, the repository.
# A value already set in the environment wins.
#
# Java encodes file names in the locale's character map: under LANG=C or LC_ALL=C (Docker, CI) or a
# locale that is not installed, a path with "ü" is an InvalidPathException and "»" prints as "?".
# C.UTF-8 is C with UTF-8 characters; Kenning's files write numbers the same under any locale.
if [[ "$(locale charmap 2>/dev/null)" != UTF-8 ]]; then
  export LC_ALL=C.UTF-8
fi
# Native libraries, decoded images and video frames are cached in KENNING_CACHE (the JVM reads it
# too); without it ~/.cache/kenning, or the repository's .kenning/cache where HOME is not set.
if [[ -z "${KENNING_CACHE:-}" ]]; then
  if [[ -n "${HOME:-}" ]]; then
    KENNING_CACHE="$HOME/.cache/kenning"
  else
    KENNING_CACHE="$ROOT/.kenning/cache"
  fi
fi
export KENNING_CACHE
#
# ND4J: one OpenMP thread per core.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
# OpenMP: a worker thread with nothing to do sleeps at once instead of spinning. Between libnd4j's
# parallel regions a SameDiff step does Java work and small ops on one thread; GNU OpenMP's spinning
# workers meanwhile held the second core against the JIT compiler, the batch prefetcher and
# Kenning's Java kernels. bench/run --threads 2 --models free-fall, both engines in the same
# environment: Kenning 9.0 -> 12.5 steps/s (label-free, 32², 8 sequences), PyTorch 16.6 -> 18.4.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
# glibc malloc: keep freed memory for reuse rather than giving it back to the kernel. SameDiff
# allocates every activation and gradient afresh on each training step; with glibc's defaults
# those blocks (up to tens of MB) were mapped, faulted in page by page and unmapped again, step
# after step. Keeping them made a free-fall training step ~15% faster (docs/benchmarks.md);
# resident memory then stays at the run's peak instead of shrinking between steps.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-268435456}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
export MALLOC_TOP_PAD_="${MALLOC_TOP_PAD_:-134217728}"
# The JVM: a small young generation lets the GC free ND4J's off-heap buffers promptly (docs/architecture.md, Facts).
# The heap starts at its maximum: otherwise G1 reads the frequent young collections as too much GC
# time and grows the heap, each growth moving the young generation onto fresh pages (resident
# memory climbed ~40 MB per 1000 steps, bench/run --soak). Committed, not resident: untouched
# pages cost nothing.
# KENNING_HEAP sets its size (4g unless set: KENNING_HEAP=12g ./kenning run …).
export KENNING_HEAP="${KENNING_HEAP:-4g}"
if [[ ! "$KENNING_HEAP" =~ ^[1-9][0-9]*[mMgG]$ ]]; then
  echo "error: KENNING_HEAP=$KENNING_HEAP: the Java heap's size is a whole number of megabytes or gigabytes, such as 2048m or 8g" >&2
  exit 2
fi
KENNING_JVM=(-Xmn16m "-Xms$KENNING_HEAP" "-Xmx$KENNING_HEAP")
# Apache Spark (kenning sweep) on Java 17: the --add-opens its own launcher passes (the same list is
# in sweeps/pom.xml for the tests), and the JDK's StAX parser (Spark's Hadoop client registers a
# shaded one whose settings Jena refuses).
KENNING_SPARK_FLAGS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djavax.xml.stream.XMLInputFactory=com.sun.xml.internal.stream.XMLInputFactoryImpl)
