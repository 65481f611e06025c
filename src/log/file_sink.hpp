#pragma once

// The log file (logging.file), which SIGUSR1 has jamd open anew at its path: logrotate
// renames the file, then jamd writes a new one, and no line is lost. spdlog 1.10's file sinks
// cannot reopen; this one can.

#include <cstdio>
#include <mutex>
#include <string>
#include <system_error>

#include <spdlog/sinks/base_sink.h>

namespace jamd::log {

/// A spdlog sink appending to the file at a path, which reopen() opens anew. Thread-safe:
/// every line is written, whole, under the sink's lock, which reopen() takes to switch files,
/// so each line is in the old file or in the new one.
class FileSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  /// Opens `path` to append to, creating it and its folder when missing; throws
  /// spdlog::spdlog_ex naming the file when it cannot (as spdlog's own file sink does).
  explicit FileSink(std::string path);
  ~FileSink() override;
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  /// The path, as given.
  const std::string& path() const { return path_; }

  /// Opens the path anew and writes every later line there, the lines before it flushed to
  /// the file they were written to. When the path cannot be opened, the sink keeps the file
  /// it had and the error is returned.
  std::error_code reopen();

 private:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

  const std::string path_;
  std::FILE* file_;  ///< guarded by mutex_
};

}  // namespace jamd::log
