/*
 * fault.h
 *     Named crash points for recovery tests (issue #5: "fault injection").
 *
 * FAULT_POINT("name") kills the calling process with SIGKILL when the environment
 * variable OAK_FAULT names that point, as "name" (the first time the process passes it)
 * or "name:N" (the Nth time). Nothing else happens: no cleanup, no message, exactly as a
 * power cut or kill -9 would leave the process's share of the work. The postmaster treats
 * the death as any backend crash (reset, recovery). OAK_FAULT is read once per process;
 * without it a point costs one predictable branch, so the points stay in every build.
 *
 * The list of points and the tests that use them: doc/fault-injection.md.
 */
#ifndef OAK_UTILS_FAULT_H
#define OAK_UTILS_FAULT_H

#include <stdbool.h>

/* Whether OAK_FAULT names this point (counting hits); fault_point() crashes if so. */
bool fault_armed(const char *name);
void fault_point(const char *name);
/* Kill this process with SIGKILL now (after fault_armed said so and the caller did its part). */
void fault_crash(void) __attribute__((noreturn));

#define FAULT_POINT(name) fault_point(name)

#endif /* OAK_UTILS_FAULT_H */
