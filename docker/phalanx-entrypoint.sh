#!/bin/sh
# Entry point of the phalanx image: `functions ...` starts the remediation functions server (its own
# classpath: the StateFun SDK never meets Flink), anything else is a `phalanx` CLI command.
set -e
FLINK_FLAGS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"
if [ "$1" = "functions" ]; then
  shift
  exec java ${JAVA_OPTS:-} -cp "/opt/phalanx/functions/classes:/opt/phalanx/functions/lib/*" \
    io.phalanx.functions.FunctionsServer "$@"
fi
exec java ${JAVA_OPTS:-} $FLINK_FLAGS -jar /opt/phalanx/phalanx.jar "$@"
