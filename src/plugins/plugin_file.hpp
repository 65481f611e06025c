#pragma once

// Opening a plugin's file and checking its descriptor, before any of its code runs: for the
// plugin set (plugin_set.hpp), which loads plugins.

#include <sys/stat.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "jamd/plugin.h"

namespace jamd::plugins {

/// Why a plugin cannot be used, without its path (the caller names it).
class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A name that plugins and their command types may have: [a-z][a-z0-9_]*, at most 32 long.
bool is_plugin_name(std::string_view name);

/// Which file a path held, and in which version: it changed on disk when this differs.
struct FileStamp {
  dev_t device{};
  ino_t inode{};
  off_t size{};
  timespec modified{};

  bool operator==(const FileStamp& other) const;
};

/// The canonical path of `path` (links resolved), or a PluginError saying why there is none.
std::string canonical_path(const std::string& path);

/// The stamp of the file at `path` now, or nullopt when it cannot be read.
std::optional<FileStamp> stamp_of(const std::string& path);

/// A plugin's file, opened, whose descriptor passed every check.
struct PluginFile {
  std::string path;  ///< canonical
  FileStamp stamp;
  void* handle = nullptr;
  const jamd_plugin_v1* descriptor = nullptr;

  /// Closes the file: allowed only before any of its functions ran.
  void close();
};

/// Opens the file at the canonical `path` and checks it and its descriptor: a regular file
/// not writable by group or others, a shared object whose undefined symbols all resolve, and
/// a descriptor of this ABI with a valid name and an init function. Throws PluginError naming
/// the check and, where two values disagree, both.
PluginFile open_plugin_file(const std::string& path);

}  // namespace jamd::plugins
