# Runtime image for cronwheel. Build the jar first: mvn -B package -DskipTests
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 cronwheel
WORKDIR /app
COPY target/cronwheel.jar /app/cronwheel.jar
USER 10001
EXPOSE 8080
# Exec form: the JVM is PID 1 and receives SIGTERM directly, so shutdown is graceful.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/cronwheel.jar"]
