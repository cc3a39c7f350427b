# syntax=docker/dockerfile:1
# The Parley server as a container image, built from this source tree:
#
#   docker build -t parley-server .
#   docker run -d --name parley -p 8080:8080 -v parley-data:/data parley-server
#   docker run --rm parley-server version
#
# With PostgreSQL and Redis: deploy/docker/compose.yaml. Settings: PARLEY_* environment variables
# (README.md, "Configuration"). /data holds the embedded H2 database (when PARLEY_DB_URL is unset) and
# the generated master.key (when PARLEY_MASTER_KEY is unset): keep it on a volume and back it up.
#
# Two stages: the server is built here, with the Maven version the wrapper pins, so the image needs
# nothing built beforehand and builds the same on any machine; the image that runs holds only a JRE and
# the release archive's contents (the same layout as parley-server-<version>.tar.gz, /opt/parley).

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
# Maven reads every module's pom even when it builds two of them.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY shared-model/pom.xml shared-model/
COPY server/pom.xml server/
COPY loadtest/pom.xml loadtest/
COPY client-desktop/pom.xml client-desktop/
COPY installer/pom.xml installer/
COPY shared-model/src/main/ shared-model/src/main/
COPY server/src/main/ server/src/main/
COPY server/src/assembly/ server/src/assembly/
COPY server/src/dist/ server/src/dist/
COPY deploy/backup/ deploy/backup/
# The cache mount keeps Maven's downloads between builds (BuildKit, the default builder since Docker 23).
RUN --mount=type=cache,target=/root/.m2 \
    sh ./mvnw -B -q -pl server -am package -Dmaven.test.skip=true \
 && mkdir /opt/parley \
 && tar -xzf server/target/parley-server-*.tar.gz -C /opt/parley --strip-components=1

FROM eclipse-temurin:25-jre
LABEL org.opencontainers.image.title="Parley server" \
      org.opencontainers.image.description="Self-hosted messenger server (Helidon SE)"
# A fixed uid/gid, so a host directory mounted at /data can be given to it: chown 10001:10001 DIR.
RUN groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid parley --home-dir /data --no-create-home --shell /usr/sbin/nologin parley \
 && mkdir /data && chown parley:parley /data && chmod 0700 /data
COPY --from=build /opt/parley /opt/parley
# The JVM sizes its heap from the container's memory limit; the server is the only process here.
ENV PARLEY_DATA_DIR=/data \
    PARLEY_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
USER 10001:10001
WORKDIR /data
VOLUME /data
EXPOSE 8080
# The image has no curl: the server's own 'healthcheck' command asks /observe/health/ready on
# 127.0.0.1:$PARLEY_PORT (a small JVM of its own: it must not take the server's heap settings).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["java", "-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "/opt/parley/parley-server.jar", "healthcheck"]
# The launcher execs java, so the JVM is PID 1 and gets docker stop's SIGTERM (a clean shutdown).
ENTRYPOINT ["/opt/parley/bin/parley-server"]
CMD ["serve"]
