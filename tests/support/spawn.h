// Runs a program as a child process for a test: argv as strings, standard output to a file,
// and optionally SIGKILL after a delay. Returns the wait status (or -1 when it cannot start).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace yiwang::test {

// Starts a program and returns its pid at once (-1 when it cannot start); wait with waitpid.
// stdout_path, when given, is appended to.
inline pid_t start_process(std::vector<std::string> args, const std::string& stdout_path = "") {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  if (!stdout_path.empty()) {
    posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, stdout_path.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
  }
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  return spawned == 0 ? pid : -1;
}

inline int run_process(std::vector<std::string> args, const std::string& stdout_path = "",
                       int kill_after_ms = -1) {
  const pid_t pid = start_process(std::move(args), stdout_path);
  if (pid < 0) return -1;
  if (kill_after_ms >= 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

// The exit code of a process that exited, or -1.
inline int exit_code_of(int status) {
  return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace yiwang::test
