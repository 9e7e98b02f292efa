/*
 * One burst of concurrent HTTP/1.1 requests, for cold_misses.py: the client side in C, so that what a burst measures
 * is the server and not the client (the Python client spent 20-30 us of the two cores on each answer it read).
 *
 *   burst HOST PORT < paths      (one request path a line, at most 4096)
 *
 * Opens one connection a path and sends GET /health on each (so the burst meets connections the server has already
 * set up and kept alive, as a reverse proxy's would be); after 200 ms writes every request, one after the other, then
 * reads the answers with epoll. Prints, per request in the order of its path: its index, the HTTP status, and when
 * its request was written and when its whole answer (headers and Content-Length bytes) was in, both
 * CLOCK_MONOTONIC seconds (Python's time.monotonic()). Exits 1 if an answer is missing after 30 s, if a connection
 * ends or fails before its whole answer, or if an answer is larger than 64 KiB.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_REQUESTS 4096
#define BUFFER 65536

struct request {
    int fd;
    char path[1024];
    char *buffer;
    size_t length;
    int status;
    double sent;
    double done;
};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* 1 once the buffer holds a whole answer: its headers and Content-Length bytes of body. */
static int complete(const char *data, size_t length) {
    const char *end = memmem(data, length, "\r\n\r\n", 4);
    if (end == NULL) {
        return 0;
    }
    const char *line = memchr(data, '\n', end - data);
    while (line != NULL && line < end) {
        line++;
        if (strncasecmp(line, "content-length:", 15) == 0) {
            long declared = strtol(line + 15, NULL, 10);
            return (size_t) (end + 4 - data) + declared <= length;
        }
        line = memchr(line, '\n', end - line);
    }
    return 0;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void send_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = send(fd, data, length, 0);
        if (n < 0) {
            die("send");
        }
        data += n;
        length -= n;
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: burst HOST PORT < paths\n");
        return 2;
    }
    static struct request requests[MAX_REQUESTS];
    int count = 0;
    char line[1024];
    while (count < MAX_REQUESTS && fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] != 0) {
            snprintf(requests[count++].path, sizeof requests[0].path, "%s", line);
        }
    }
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
    if (inet_pton(AF_INET, argv[1], &address.sin_addr) != 1) {
        fprintf(stderr, "HOST must be an IPv4 address\n");
        return 2;
    }
    char text[2048];
    for (int i = 0; i < count; i++) {
        struct request *r = &requests[i];
        r->buffer = malloc(BUFFER);
        r->fd = socket(AF_INET, SOCK_STREAM, 0);
        if (r->buffer == NULL || r->fd < 0) {
            die("socket");
        }
        int one = 1;
        setsockopt(r->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(r->fd, (struct sockaddr *) &address, sizeof address) != 0) {
            die("connect");
        }
        int n = snprintf(text, sizeof text, "GET /health HTTP/1.1\r\nHost: %s\r\n\r\n", argv[1]);
        send_all(r->fd, text, n);
        size_t got = 0;
        while (!complete(r->buffer, got)) {
            ssize_t m = recv(r->fd, r->buffer + got, BUFFER - got, 0);
            if (m <= 0) {
                fprintf(stderr, "the server closed a connection before the burst\n");
                return 1;
            }
            got += m;
        }
    }
    usleep(200 * 1000);
    int poll = epoll_create1(0);
    for (int i = 0; i < count; i++) {
        struct request *r = &requests[i];
        int n = snprintf(text, sizeof text, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", r->path, argv[1]);
        send_all(r->fd, text, n);
        r->sent = now();
    }
    for (int i = 0; i < count; i++) {
        struct epoll_event event = {.events = EPOLLIN, .data.u32 = i};
        if (epoll_ctl(poll, EPOLL_CTL_ADD, requests[i].fd, &event) != 0) {
            die("epoll_ctl");
        }
    }
    int answered = 0;
    double deadline = now() + 30;
    struct epoll_event events[256];
    while (answered < count && now() < deadline) {
        int ready = epoll_wait(poll, events, 256, 1000);
        if (ready < 0 && errno != EINTR) {
            die("epoll_wait");
        }
        for (int e = 0; e < ready; e++) {
            struct request *r = &requests[events[e].data.u32];
            if (r->length == BUFFER) {
                fprintf(stderr, "an answer is larger than %d bytes\n", BUFFER);
                return 1;
            }
            ssize_t m = recv(r->fd, r->buffer + r->length, BUFFER - r->length, 0);
            if (m < 0 && errno == EINTR) {
                continue;
            }
            if (m <= 0) {
                fprintf(stderr, "request %u: the connection %s before its whole answer\n", events[e].data.u32,
                        m == 0 ? "closed" : strerror(errno));
                return 1;
            }
            r->length += m;
            if (!complete(r->buffer, r->length)) {
                continue;
            }
            r->done = now(); /* the whole answer is in: its last byte, not the connection's close */
            r->status = atoi(r->buffer + 9);
            epoll_ctl(poll, EPOLL_CTL_DEL, r->fd, NULL);
            close(r->fd);
            answered++;
        }
    }
    if (answered < count) {
        fprintf(stderr, "only %d of %d answers within 30 s\n", answered, count);
        return 1;
    }
    for (int i = 0; i < count; i++) {
        printf("%d %d %.9f %.9f\n", i, requests[i].status, requests[i].sent, requests[i].done);
    }
    return 0;
}
