# Multi-stage build: a static binary on a distroless base, running as a non-root user,
# with the policy bundle inside. Production sets GREENCREDIT_MYSQL_DSN.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/greencredit ./cmd/greencredit \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/greencredit /app/greencredit
COPY --from=build --chown=nonroot:nonroot /out/data /data
COPY rego /app/rego
ENV GREENCREDIT_LISTEN=0.0.0.0:8080 \
    GREENCREDIT_POLICY_DIR=/app/rego \
    GREENCREDIT_SQLITE_PATH=/data/greencredit.db
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/app/greencredit"]
