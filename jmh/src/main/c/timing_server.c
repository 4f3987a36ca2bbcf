/*
 * llmbench timing reference: a tiny OpenAI-compatible streaming server with exact, cheap timing,
 * for the load benchmark (io.llmbench.jmh.LoadBenchmark). One thread, epoll, timerfd.
 *
 * POST .../completions  streams max_tokens (or --tokens) content chunks: the first --ttft-ms after
 *                       the request was fully read, then one every --gap-ms, on a fixed grid from the
 *                       first (no drift); each chunk is its own write(). Then a usage chunk,
 *                       "data: [DONE]" and the end of the chunked body, in one more write.
 *                       With --bulk N: N chunks written at once, as fast as the socket takes them.
 * GET  /stats           JSON: counts, the lateness of timed writes (actual - planned), CPU used.
 * GET  /trace           one line per finished request: "tag key received first last tokens", the
 *                       times CLOCK_MONOTONIC nanoseconds (the clock of Java's System.nanoTime() on
 *                       Linux); tag = the X-Client-Tag header, key = the digits after "ref-" in the
 *                       body (-1 when absent).
 * POST /reset           clears counts and traces.
 *
 * Build: gcc -O2 -o timing_server timing_server.c     Run: ./timing_server --port 0 (prints "port N")
 * Loopback only: binds 127.0.0.1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#define MAX_EVENTS 1024
#define IN_CAP 65536
#define LATE_BUCKETS 100000 /* microseconds 0..99,999; beyond counts in the last */

typedef struct {
    int fd;
    int state;              /* 0 reading, 1 streaming, 2 closed */
    char *in;
    size_t in_len;
    char *out;              /* pending output when the socket was full */
    size_t out_len, out_cap, out_off;
    int tokens, sent;
    long tag, key;
    int64_t received, first, last, due;
    int heap_index;         /* -1 when not scheduled */
    int want_out;
} conn_t;

typedef struct {
    long tag, key;
    int64_t received, first, last;
    int tokens;
} trace_t;

static double ttft_ms = 50, gap_ms = 10;
static int default_tokens = 32, bulk = 0;
static conn_t **conns;      /* by fd */
static int max_fd;
static conn_t **heap;
static int heap_len, heap_cap;
static int epfd, tfd;
static trace_t *traces;
static size_t trace_len, trace_cap;
static uint32_t late_hist[LATE_BUCKETS];
static uint64_t late_count, late_max_ns, writes, requests, finished, accepted, eagain;
static char *bulk_body;
static size_t bulk_len;

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t) t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* ---- a binary min-heap of streaming connections by due time ---- */
static void heap_swap(int a, int b) {
    conn_t *t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
    heap[a]->heap_index = a;
    heap[b]->heap_index = b;
}
static void heap_up(int i) {
    while (i > 0) {
        int p = (i - 1) / 2;
        if (heap[p]->due <= heap[i]->due) break;
        heap_swap(i, p);
        i = p;
    }
}
static void heap_down(int i) {
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < heap_len && heap[l]->due < heap[m]->due) m = l;
        if (r < heap_len && heap[r]->due < heap[m]->due) m = r;
        if (m == i) return;
        heap_swap(i, m);
        i = m;
    }
}
static void heap_push(conn_t *c) {
    if (heap_len == heap_cap) {
        heap_cap = heap_cap ? heap_cap * 2 : 1024;
        heap = realloc(heap, sizeof(conn_t *) * heap_cap);
    }
    heap[heap_len] = c;
    c->heap_index = heap_len++;
    heap_up(c->heap_index);
}
static void heap_remove(conn_t *c) {
    int i = c->heap_index;
    if (i < 0) return;
    heap_len--;
    if (i != heap_len) {
        heap[i] = heap[heap_len];
        heap[i]->heap_index = i;
        heap_down(i);
        heap_up(i);
    }
    c->heap_index = -1;
}

static void arm_timer(void) {
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    if (heap_len > 0) {
        int64_t d = heap[0]->due;
        if (d <= 0) d = 1;
        its.it_value.tv_sec = d / 1000000000LL;
        its.it_value.tv_nsec = d % 1000000000LL;
    }
    timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void conn_close(conn_t *c) {
    heap_remove(c);
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    conns[c->fd] = NULL;
    free(c->in);
    free(c->out);
    free(c);
}

static void set_want_out(conn_t *c, int want) {
    if (c->want_out == want) return;
    struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.fd = c->fd};
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = want;
}

static void queue_out(conn_t *c, const char *p, size_t n) {
    if (c->out_len + n > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 4096;
        while (cap < c->out_len + n) cap *= 2;
        c->out = realloc(c->out, cap);
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, p, n);
    c->out_len += n;
}

/* Writes what is pending, then p; keeps the rest for EPOLLOUT. Returns -1 when the peer is gone. */
static int send_bytes(conn_t *c, const char *p, size_t n) {
    if (c->out_len > c->out_off) {
        queue_out(c, p, n);
        return 0;
    }
    c->out_len = c->out_off = 0;
    while (n > 0) {
        ssize_t w = write(c->fd, p, n);
        writes++;
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                eagain++;
                queue_out(c, p, n);
                set_want_out(c, 1);
                return 0;
            }
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

static int flush_out(conn_t *c) {
    while (c->out_off < c->out_len) {
        ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
        writes++;
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
            if (errno == EINTR) continue;
            return -1;
        }
        c->out_off += (size_t) w;
    }
    c->out_len = c->out_off = 0;
    set_want_out(c, 0);
    return 0;
}

static void record_trace(conn_t *c) {
    if (trace_len == trace_cap) {
        trace_cap = trace_cap ? trace_cap * 2 : 65536;
        traces = realloc(traces, sizeof(trace_t) * trace_cap);
    }
    trace_t *t = &traces[trace_len++];
    t->tag = c->tag;
    t->key = c->key;
    t->received = c->received;
    t->first = c->first;
    t->last = c->last;
    t->tokens = c->sent;
}

static const char CHUNK_JSON[] = "data: {\"id\":\"chatcmpl-ref\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                                 "\"model\":\"ref\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" tok\"},"
                                 "\"logprobs\":null,\"finish_reason\":null}]}\n\n";

/* One content chunk framed as one HTTP chunk. */
static size_t content_chunk(char *buf, int last) {
    const char *json = CHUNK_JSON;
    char tmp[512];
    if (last) {
        /* the last content chunk says why it stopped */
        const char *p = strstr(CHUNK_JSON, "\"finish_reason\":null");
        size_t head = (size_t) (p - CHUNK_JSON);
        memcpy(tmp, CHUNK_JSON, head);
        strcpy(tmp + head, "\"finish_reason\":\"length\"}]}\n\n");
        json = tmp;
    }
    size_t n = strlen(json);
    int h = sprintf(buf, "%zx\r\n", n);
    memcpy(buf + h, json, n);
    memcpy(buf + h + n, "\r\n", 2);
    return (size_t) h + n + 2;
}

static size_t trailer(char *buf, int tokens) {
    char usage[256];
    int u = snprintf(usage, sizeof usage, "data: {\"id\":\"chatcmpl-ref\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                     "\"model\":\"ref\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":%d,"
                     "\"total_tokens\":%d}}\n\n", tokens, tokens + 1);
    static const char done[] = "data: [DONE]\n\n";
    return (size_t) sprintf(buf, "%x\r\n%s\r\n%zx\r\n%s\r\n0\r\n\r\n", u, usage, strlen(done), done);
}

static const char HEAD_SSE[] = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n";

static void finish(conn_t *c) {
    finished++;
    record_trace(c);
    c->state = 0;
}

static void on_due(conn_t *c, int64_t now) {
    char buf[1024];
    int64_t late = now - c->due;
    if (late < 0) late = 0;
    late_count++;
    if ((uint64_t) late > late_max_ns) late_max_ns = (uint64_t) late;
    int64_t us = late / 1000;
    late_hist[us < LATE_BUCKETS ? us : LATE_BUCKETS - 1]++;
    int last = c->sent + 1 == c->tokens;
    size_t n = content_chunk(buf, last);
    int64_t t = now_ns();
    if (c->sent == 0) c->first = t;
    c->last = t;
    c->sent++;
    if (send_bytes(c, buf, n) < 0) {
        conn_close(c);
        return;
    }
    if (last) {
        n = trailer(buf, c->tokens);
        if (send_bytes(c, buf, n) < 0) {
            conn_close(c);
            return;
        }
        finish(c);
        return;
    }
    /* a fixed grid from the planned first token: a late write does not delay the ones after it */
    c->due += (int64_t) (gap_ms * 1e6);
    heap_push(c);
}

static long number_after(const char *s, size_t len, const char *key) {
    const char *p = memmem(s, len, key, strlen(key));
    if (!p) return -1;
    p += strlen(key);
    while (p < s + len && (*p == ' ' || *p == ':' || *p == '"')) p++;
    if (p >= s + len || *p < '0' || *p > '9') return -1;
    return strtol(p, NULL, 10);
}

static long header_number(const char *head, size_t len, const char *name) {
    /* case-insensitive search of "\r\nName:" */
    size_t nl = strlen(name);
    for (size_t i = 0; i + nl + 3 < len; i++) {
        if (head[i] == '\r' && head[i + 1] == '\n' && strncasecmp(head + i + 2, name, nl) == 0 && head[i + 2 + nl] == ':') {
            const char *p = head + i + 3 + nl;
            while (*p == ' ') p++;
            return strtol(p, NULL, 10);
        }
    }
    return -1;
}

/* Returns -1 when the connection had to be closed. */
static int respond_text(conn_t *c, const char *type, const char *body, size_t n) {
    char head[256];
    int h = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n", type, n);
    if (send_bytes(c, head, (size_t) h) < 0 || send_bytes(c, body, n) < 0) {
        conn_close(c);
        return -1;
    }
    return 0;
}

static double late_percentile(double p) {
    if (late_count == 0) return 0;
    uint64_t rank = (uint64_t) (p / 100.0 * (double) late_count);
    if (rank >= late_count) rank = late_count - 1;
    uint64_t seen = 0;
    for (int i = 0; i < LATE_BUCKETS; i++) {
        seen += late_hist[i];
        if (seen > rank) return i / 1000.0;
    }
    return (LATE_BUCKETS - 1) / 1000.0;
}

static int stats(conn_t *c) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    int open = 0;
    for (int i = 0; i <= max_fd; i++) open += conns[i] != NULL;
    char body[1024];
    int n = snprintf(body, sizeof body,
                     "{\"accepted\":%lu,\"open\":%d,\"requests\":%lu,\"finished\":%lu,\"writes\":%lu,\"eagain\":%lu,"
                     "\"timedWrites\":%lu,\"lateP50Millis\":%.3f,\"lateP99Millis\":%.3f,\"lateP999Millis\":%.3f,"
                     "\"lateMaxMillis\":%.3f,\"cpuUserSeconds\":%.3f,\"cpuSystemSeconds\":%.3f}\n",
                     accepted, open - 1, requests, finished, writes, eagain, late_count, late_percentile(50), late_percentile(99),
                     late_percentile(99.9), late_max_ns / 1e6, ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
                     ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
    return respond_text(c, "application/json", body, (size_t) n);
}

static int trace(conn_t *c) {
    size_t cap = trace_len * 96 + 16, n = 0;
    char *body = malloc(cap);
    for (size_t i = 0; i < trace_len; i++) {
        trace_t *t = &traces[i];
        n += (size_t) snprintf(body + n, cap - n, "%ld %ld %lld %lld %lld %d\n", t->tag, t->key, (long long) t->received,
                               (long long) t->first, (long long) t->last, t->tokens);
    }
    int r = respond_text(c, "text/plain", body, n);
    free(body);
    return r;
}

static int reset(conn_t *c) {
    trace_len = 0;
    memset(late_hist, 0, sizeof late_hist);
    late_count = late_max_ns = writes = requests = finished = eagain = 0;
    return respond_text(c, "text/plain", "ok\n", 3);
}

/* Handles one complete request at the start of c->in; returns its length, or 0 if incomplete. */
static size_t handle(conn_t *c) {
    char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t) (end - c->in) + 4;
    long clen = header_number(c->in, head, "Content-Length");
    if (clen < 0) clen = 0;
    if (head + (size_t) clen > c->in_len) return 0;
    size_t total = head + (size_t) clen;
    if (strncmp(c->in, "GET /stats", 10) == 0) {
        if (stats(c) < 0) return (size_t) -1;
    } else if (strncmp(c->in, "GET /trace", 10) == 0) {
        if (trace(c) < 0) return (size_t) -1;
    } else if (strncmp(c->in, "POST /reset", 11) == 0) {
        if (reset(c) < 0) return (size_t) -1;
    } else if (strncmp(c->in, "POST ", 5) == 0) {
        requests++;
        const char *body = c->in + head;
        c->received = now_ns();
        c->tag = header_number(c->in, head, "X-Client-Tag");
        c->key = number_after(body, (size_t) clen, "ref-");
        long mt = number_after(body, (size_t) clen, "\"max_tokens\"");
        c->tokens = mt > 0 ? (int) mt : default_tokens;
        c->sent = 0;
        c->first = c->last = -1;
        if (bulk > 0) {
            c->sent = bulk;
            c->first = c->last = c->received;
            if (send_bytes(c, bulk_body, bulk_len) < 0) {
                conn_close(c);
                return (size_t) -1;
            }
            finish(c);
        } else {
            if (send_bytes(c, HEAD_SSE, sizeof HEAD_SSE - 1) < 0) {
                conn_close(c);
                return (size_t) -1;
            }
            c->state = 1;
            c->due = c->received + (int64_t) (ttft_ms * 1e6);
            heap_push(c);
        }
    } else {
        static const char nf[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        if (send_bytes(c, nf, sizeof nf - 1) < 0) {
            conn_close(c);
            return (size_t) -1;
        }
    }
    return total;
}

static void on_readable(conn_t *c) {
    for (;;) {
        if (c->in_len == IN_CAP) {
            conn_close(c);
            return;
        }
        ssize_t r = read(c->fd, c->in + c->in_len, IN_CAP - c->in_len);
        if (r == 0) {
            conn_close(c);
            return;
        }
        if (r < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            if (errno == EINTR) continue;
            conn_close(c);
            return;
        }
        c->in_len += (size_t) r;
    }
    /* requests are not pipelined by the clients measured; handle one while not streaming */
    while (c->state == 0 && c->in_len > 0) {
        size_t used = handle(c);
        if (used == (size_t) -1) return;
        if (used == 0) break;
        memmove(c->in, c->in + used, c->in_len - used);
        c->in_len -= used;
    }
}

static void on_accept(int lfd) {
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;
        if (fd > max_fd) {
            conns = realloc(conns, sizeof(conn_t *) * (size_t) (fd + 1));
            for (int i = max_fd + 1; i <= fd; i++) conns[i] = NULL;
            max_fd = fd;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conn_t *c = calloc(1, sizeof(conn_t));
        c->fd = fd;
        c->in = malloc(IN_CAP);
        c->heap_index = -1;
        conns[fd] = c;
        accepted++;
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    }
}

static void build_bulk(void) {
    char buf[1024];
    size_t cap = (size_t) bulk * 256 + 1024;
    bulk_body = malloc(cap);
    memcpy(bulk_body, HEAD_SSE, sizeof HEAD_SSE - 1);
    bulk_len = sizeof HEAD_SSE - 1;
    for (int i = 0; i < bulk; i++) {
        size_t n = content_chunk(buf, i + 1 == bulk);
        memcpy(bulk_body + bulk_len, buf, n);
        bulk_len += n;
    }
    bulk_len += trailer(bulk_body + bulk_len, bulk);
}

int main(int argc, char **argv) {
    int port = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--port") && i + 1 < argc) port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--ttft-ms") && i + 1 < argc) ttft_ms = atof(argv[++i]);
        else if (!strcmp(argv[i], "--gap-ms") && i + 1 < argc) gap_ms = atof(argv[++i]);
        else if (!strcmp(argv[i], "--tokens") && i + 1 < argc) default_tokens = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--bulk") && i + 1 < argc) bulk = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: %s [--port N] [--ttft-ms X] [--gap-ms X] [--tokens N] [--bulk N], but got '%s'\n",
                    argv[0], argv[i]);
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    if (bulk > 0) build_bulk();
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *) &a, sizeof a) < 0 || listen(lfd, 4096) < 0) {
        perror("bind/listen");
        return 1;
    }
    socklen_t al = sizeof a;
    getsockname(lfd, (struct sockaddr *) &a, &al);
    printf("port %d\n", ntohs(a.sin_port));
    fflush(stdout);
    max_fd = 1024;
    conns = calloc((size_t) max_fd + 1, sizeof(conn_t *));
    epfd = epoll_create1(EPOLL_CLOEXEC);
    tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
    ev.data.fd = tfd;
    epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &ev);
    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(epfd, events, MAX_EVENTS, -1);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd) {
                on_accept(lfd);
            } else if (fd == tfd) {
                uint64_t x;
                ssize_t r = read(tfd, &x, sizeof x);
                (void) r;
            } else if (fd <= max_fd && conns[fd] != NULL) {
                conn_t *c = conns[fd];
                if ((events[i].events & EPOLLOUT) && flush_out(c) < 0) {
                    conn_close(c);
                    continue;
                }
                if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
            }
        }
        int64_t now = now_ns();
        while (heap_len > 0 && heap[0]->due <= now) {
            conn_t *c = heap[0];
            heap_remove(c);
            on_due(c, now);
            now = now_ns();
        }
        arm_timer();
    }
}
