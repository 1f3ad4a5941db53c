/* A Lambda Runtime API client in plain C, for serve's emulation tests: the tests cross-compile it
 * for aarch64 (static and dynamic) and serve it on x86_64 through QEMU. Each invocation streams
 * three lines, RESPONSE_DELAY_MS apart, naming the machine it runs on (uname -m: aarch64 under
 * qemu-aarch64) and the size of the event it got. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

static char buffer[1 << 20];

static int connect_api(void) {
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    char host[256];
    if (!api || strlen(api) >= sizeof host) { fprintf(stderr, "no AWS_LAMBDA_RUNTIME_API\n"); exit(1); }
    strcpy(host, api);
    char *colon = strrchr(host, ':');
    if (!colon) { fprintf(stderr, "bad AWS_LAMBDA_RUNTIME_API %s\n", api); exit(1); }
    *colon = 0;
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(colon + 1));
    inet_pton(AF_INET, host, &address.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address) != 0) { perror("connect"); exit(1); }
    return fd;
}

static void send_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t written = write(fd, bytes, count);
        if (written <= 0) { perror("write"); exit(1); }
        bytes += written;
        count -= (size_t)written;
    }
}

/* Reads one HTTP response (Content-Length bodies only) into buffer; returns the body's length and
 * copies the request id header, if any, into id. */
static size_t read_response(int fd, char *id, size_t id_size, char **body) {
    size_t length = 0;
    char *end;
    while (!(end = memmem(buffer, length, "\r\n\r\n", 4))) {
        ssize_t got = read(fd, buffer + length, sizeof buffer - 1 - length);
        if (got <= 0) { fprintf(stderr, "runtime API closed the connection\n"); exit(1); }
        length += (size_t)got;
    }
    *end = 0;
    size_t head = (size_t)(end - buffer) + 4, content = 0;
    for (char *line = strstr(buffer, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
        char *header = line + 2;
        if (strncasecmp(header, "Content-Length:", 15) == 0) content = strtoul(header + 15, NULL, 10);
        if (id && strncasecmp(header, "Lambda-Runtime-Aws-Request-Id:", 30) == 0) {
            char *value = header + 30;
            while (*value == ' ') value++;
            size_t size = strcspn(value, "\r");
            if (size >= id_size) size = id_size - 1;
            memcpy(id, value, size);
            id[size] = 0;
        }
    }
    if (head + content >= sizeof buffer) { fprintf(stderr, "event too large\n"); exit(1); }
    while (length < head + content) {
        ssize_t got = read(fd, buffer + length, sizeof buffer - 1 - length);
        if (got <= 0) { fprintf(stderr, "short body\n"); exit(1); }
        length += (size_t)got;
    }
    buffer[head + content] = 0;
    if (body) *body = buffer + head;
    return content;
}

int main(void) {
    struct utsname name;
    uname(&name);
    const char *delay_text = getenv("RESPONSE_DELAY_MS");
    int delay_ms = delay_text ? atoi(delay_text) : 300;
    for (;;) {
        int fd = connect_api();
        const char *next = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: runtime\r\n\r\n";
        send_all(fd, next, strlen(next));
        char id[128] = "";
        char *event;
        size_t event_size = read_response(fd, id, sizeof id, &event);
        close(fd);

        fd = connect_api();
        char head[512];
        snprintf(head, sizeof head,
                 "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: runtime\r\n"
                 "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
                 "Content-Type: text/plain\r\n\r\n", id);
        send_all(fd, head, strlen(head));
        for (int index = 1; index <= 3; index++) {
            char line[256], chunk[300];
            int size = snprintf(line, sizeof line, "machine=%s line=%d event-bytes=%zu\n", name.machine, index, event_size);
            int total = snprintf(chunk, sizeof chunk, "%x\r\n%s\r\n", size, line);
            send_all(fd, chunk, (size_t)total);
            if (index < 3) usleep((useconds_t)delay_ms * 1000);
        }
        send_all(fd, "0\r\n\r\n", 5);
        read_response(fd, NULL, 0, NULL);
        close(fd);
        fprintf(stderr, "served %s on %s\n", id, name.machine);
    }
}
