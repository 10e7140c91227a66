# Runtime image for cronwheel. Build the jar first: mvn -B package -DskipTests
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 cronwheel
WORKDIR /app
COPY target/cronwheel.jar /app/cronwheel.jar
USER 10001
EXPOSE 8080
# Exec form: the JVM is PID 1 and receives SIGTERM directly, so shutdown is graceful.
# The heap is sized up front (initial = maximum): G1 then keeps a large young generation, so its pauses come every
# several seconds instead of every two, and fewer of them land in a second's burst of requests.
ENTRYPOINT ["java", "-XX:InitialRAMPercentage=75", "-XX:MaxRAMPercentage=75", "-jar", "/app/cronwheel.jar"]
