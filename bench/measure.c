/*
 * measure.c -- runs a command and prints what it cost: CPU time (user +
 * system, from the kernel's accounting of the child), wall time, and the
 * peak of its private memory (RssAnon) and of the file pages it mapped
 * (RssFile), sampled from /proc every half millisecond.  Output, one
 * line:  cpu_ms wall_ms anon_kib file_kib.  The command's output goes to
 * /dev/null.  Usage: measure COMMAND [ARG]...
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void
sample(pid_t pid, long *anon, long *file)
{
	char path[64], line[256];
	long v;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "RssAnon: %ld", &v) == 1 && v > *anon)
			*anon = v;
		else if (sscanf(line, "RssFile: %ld", &v) == 1 && v > *file)
			*file = v;
	}
	fclose(f);
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	long anon = 0, file = 0;
	pid_t pid;
	int st, fd;

	if (argc < 2)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	for (;;) {
		sample(pid, &anon, &file);
		if (wait4(pid, &st, WNOHANG, &ru) == pid)
			break;
		usleep(500);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.2f %.2f %ld %ld\n",
	    (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3,
	    (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6,
	    anon, file);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
