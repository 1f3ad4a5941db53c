/* The floor of the benchmark: a minimal Runtime API client in C, linked statically. It keeps one
 * keep-alive connection, answers every event with the fixed buffered reply "{}", and does nothing
 * else. Not a runtime anyone should use: no errors, no streaming, no chunked replies from the server. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char buf[1 << 20];
static size_t have;

static int fill(int fd) {
    ssize_t n = recv(fd, buf + have, sizeof buf - have, 0);
    if (n <= 0) { fprintf(stderr, "c-floor: connection closed\n"); exit(1); }
    have += (size_t)n;
    return 0;
}

/* Reads one response; copies the request id header (if any) into id. */
static void read_response(int fd, char *id, size_t idlen) {
    char *end;
    for (;;) {
        buf[have] = 0;
        if ((end = strstr(buf, "\r\n\r\n"))) break;
        fill(fd);
    }
    size_t head = (size_t)(end - buf) + 4, length = 0;
    for (char *line = buf; line < end; line = strstr(line, "\r\n") + 2) {
        if (!strncasecmp(line, "Content-Length:", 15)) length = strtoul(line + 15, 0, 10);
        if (id && !strncasecmp(line, "Lambda-Runtime-Aws-Request-Id:", 30)) {
            char *v = line + 30;
            while (*v == ' ') v++;
            size_t n = strcspn(v, "\r");
            if (n >= idlen) n = idlen - 1;
            memcpy(id, v, n);
            id[n] = 0;
        }
    }
    while (have < head + length) fill(fd);
    memmove(buf, buf + head + length, have - head - length);
    have -= head + length;
}

int main(void) {
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!api) { fprintf(stderr, "c-floor: AWS_LAMBDA_RUNTIME_API is not set\n"); return 1; }
    char host[64];
    const char *colon = strrchr(api, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - api), api);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(colon + 1))};
    inet_pton(AF_INET, strcmp(host, "localhost") ? host : "127.0.0.1", &addr.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr)) { perror("c-floor: connect"); return 1; }
    char request[512], id[256];
    for (;;) {
        int n = snprintf(request, sizeof request, "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\n\r\n", api);
        send(fd, request, (size_t)n, MSG_NOSIGNAL);
        read_response(fd, id, sizeof id);
        n = snprintf(request, sizeof request,
                     "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\nContent-Length: 2\r\n\r\n{}", id, api);
        send(fd, request, (size_t)n, MSG_NOSIGNAL);
        read_response(fd, 0, 0);
    }
}
