# shardgate proxy image. Build the jar first, then the image:
#   ./mvnw -B package -DskipTests          # writes proxy/target/shardgate.jar
#   docker-compose up --build               # or: docker build -t shardgate .
FROM eclipse-temurin:21-jre

WORKDIR /app
COPY proxy/target/shardgate.jar /app/shardgate.jar
# the default config; docker-compose.yml mounts docker/sharding.yaml over it
COPY docker/sharding.yaml /etc/shardgate/sharding.yaml

# 3307 MySQL protocol; 3308 admin (MySQL protocol) and 9797 /metrics, /health are reserved, not served yet
EXPOSE 3307 3308 9797
# out of heap: exit (the container restarts) rather than keep a port open that no event loop serves
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/shardgate.jar"]
CMD ["serve", "--config", "/etc/shardgate/sharding.yaml"]
