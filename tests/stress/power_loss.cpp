// Power loss, not only process death: an SQLite VFS shim keeps what was synced and, at a random
// write or sync, cuts the power. The files then hold what was synced plus a random prefix of
// the writes after it (a torn tail), as a disk would after a cut. The kiosk's store and drain
// code then restarts on those files. Every application the screen was told "saved" must reach
// the platform, exactly once, and no local number may name two transactions.
// YIWANG_CRASH_TRIALS sets the number of trials (200 by default).
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "database.h"
#include "local_state.h"
#include "outbox.h"
#include "sealing.h"
#include "sync/store_worker.h"

using namespace yiwang;
namespace fs = std::filesystem;

namespace {

// What the disk holds for one file: its content at the last sync, and the writes since.
struct Pending {
  bool truncate = false;
  sqlite3_int64 offset = 0;  // write offset, or the new size for a truncate
  std::string data;
};
struct FileLog {
  std::string durable;
  bool synced = false;
  std::vector<Pending> pending;
};

struct PowerState {
  sqlite3_vfs* real = nullptr;
  std::map<std::string, FileLog> files;
  long long operations = 0;
  long long cut_at = -1;  // the operation that finds the power gone
  bool cut = false;
  bool trip() {
    if (cut) return true;
    ++operations;
    if (cut_at >= 0 && operations >= cut_at) cut = true;
    return cut;
  }
};
PowerState power;

struct ShimFile {
  sqlite3_file base;
  std::string path;
  bool main_db_or_wal = false;  // files whose writes we follow (not the shared memory)
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

int shim_close(sqlite3_file* file) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  const int rc = f->real()->pMethods ? f->real()->pMethods->xClose(f->real()) : SQLITE_OK;
  f->path.~basic_string();
  return rc;
}
int shim_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  if (power.cut) return SQLITE_IOERR_READ;
  return f->real()->pMethods->xRead(f->real(), buffer, amount, offset);
}
int shim_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  if (power.trip()) return SQLITE_IOERR_WRITE;
  const int rc = f->real()->pMethods->xWrite(f->real(), buffer, amount, offset);
  if (rc == SQLITE_OK)
    power.files[f->path].pending.push_back(
        {false, offset, std::string(static_cast<const char*>(buffer), amount)});
  return rc;
}
int shim_truncate(sqlite3_file* file, sqlite3_int64 size) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  if (power.trip()) return SQLITE_IOERR_TRUNCATE;
  const int rc = f->real()->pMethods->xTruncate(f->real(), size);
  if (rc == SQLITE_OK) power.files[f->path].pending.push_back({true, size, {}});
  return rc;
}
int shim_sync(sqlite3_file* file, int flags) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  if (power.trip()) return SQLITE_IOERR_FSYNC;
  const int rc = f->real()->pMethods->xSync(f->real(), flags);
  if (rc == SQLITE_OK) {
    FileLog& log = power.files[f->path];
    log.durable = read_all(f->path);
    log.synced = true;
    log.pending.clear();
  }
  return rc;
}
int shim_file_size(sqlite3_file* file, sqlite3_int64* size) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  if (power.cut) return SQLITE_IOERR_FSTAT;
  return f->real()->pMethods->xFileSize(f->real(), size);
}
int shim_lock(sqlite3_file* file, int level) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  return f->real()->pMethods->xLock(f->real(), level);
}
int shim_unlock(sqlite3_file* file, int level) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  return f->real()->pMethods->xUnlock(f->real(), level);
}
int shim_check_lock(sqlite3_file* file, int* out) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  return f->real()->pMethods->xCheckReservedLock(f->real(), out);
}
int shim_control(sqlite3_file* file, int op, void* arg) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  return f->real()->pMethods->xFileControl(f->real(), op, arg);
}
int shim_sector(sqlite3_file* file) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  return f->real()->pMethods->xSectorSize(f->real());
}
int shim_device(sqlite3_file* file) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  return f->real()->pMethods->xDeviceCharacteristics(f->real());
}
int shim_shm_map(sqlite3_file* file, int page, int size, int extend, void volatile** out) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  if (power.cut) return SQLITE_IOERR_SHMMAP;
  return f->real()->pMethods->xShmMap(f->real(), page, size, extend, out);
}
int shim_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  if (power.cut) return SQLITE_IOERR_SHMLOCK;
  return f->real()->pMethods->xShmLock(f->real(), offset, n, flags);
}
void shim_shm_barrier(sqlite3_file* file) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  f->real()->pMethods->xShmBarrier(f->real());
}
int shim_shm_unmap(sqlite3_file* file, int remove) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  return f->real()->pMethods->xShmUnmap(f->real(), remove);
}

const sqlite3_io_methods kMethods = {2,
                                     shim_close,
                                     shim_read,
                                     shim_write,
                                     shim_truncate,
                                     shim_sync,
                                     shim_file_size,
                                     shim_lock,
                                     shim_unlock,
                                     shim_check_lock,
                                     shim_control,
                                     shim_sector,
                                     shim_device,
                                     shim_shm_map,
                                     shim_shm_lock,
                                     shim_shm_barrier,
                                     shim_shm_unmap,
                                     nullptr,
                                     nullptr};

int shim_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  auto* f = reinterpret_cast<ShimFile*>(file);
  new (&f->path) std::string(name ? name : "");
  f->base.pMethods = nullptr;
  if (power.cut) {
    f->path.~basic_string();
    return SQLITE_CANTOPEN;
  }
  const int rc = power.real->xOpen(power.real, name, f->real(), flags, out_flags);
  if (rc != SQLITE_OK) {
    f->path.~basic_string();
    return rc;
  }
  f->base.pMethods = &kMethods;
  (void)vfs;
  return SQLITE_OK;
}
int shim_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  if (power.trip()) return SQLITE_IOERR_DELETE;
  power.files.erase(name);  // a delete is taken as durable at once (the harsher case for WAL)
  return power.real->xDelete(power.real, name, sync_dir);
}
int shim_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return power.real->xAccess(power.real, name, flags, out);
}
int shim_full_path(sqlite3_vfs*, const char* name, int size, char* out) {
  return power.real->xFullPathname(power.real, name, size, out);
}
int shim_randomness(sqlite3_vfs*, int size, char* out) {
  return power.real->xRandomness(power.real, size, out);
}
int shim_sleep(sqlite3_vfs*, int microseconds) {
  return power.real->xSleep(power.real, microseconds);
}
int shim_time(sqlite3_vfs*, double* out) { return power.real->xCurrentTime(power.real, out); }
int shim_error(sqlite3_vfs*, int size, char* out) {
  return power.real->xGetLastError(power.real, size, out);
}
int shim_time64(sqlite3_vfs*, sqlite3_int64* out) {
  return power.real->xCurrentTimeInt64(power.real, out);
}

sqlite3_vfs make_shim() {
  power.real = sqlite3_vfs_find("unix");
  sqlite3_vfs vfs{};
  vfs.iVersion = 2;
  vfs.szOsFile = static_cast<int>(sizeof(ShimFile)) + power.real->szOsFile;
  vfs.mxPathname = power.real->mxPathname;
  vfs.zName = "powerloss";
  vfs.xOpen = shim_open;
  vfs.xDelete = shim_delete;
  vfs.xAccess = shim_access;
  vfs.xFullPathname = shim_full_path;
  vfs.xRandomness = shim_randomness;
  vfs.xSleep = shim_sleep;
  vfs.xCurrentTime = shim_time;
  vfs.xGetLastError = shim_error;
  vfs.xCurrentTimeInt64 = shim_time64;
  return vfs;
}

// After the cut: every file the shim followed holds its synced content plus a random prefix of
// the writes since; the shared memory is gone, as after a reboot.
void reboot(const fs::path& dir, std::mt19937& random) {
  for (auto& [path, log] : power.files) {
    std::string content = log.synced ? log.durable : std::string();
    const std::size_t kept = log.pending.empty() ? 0
                                                 : std::uniform_int_distribution<std::size_t>(
                                                       0, log.pending.size())(random);
    for (std::size_t i = 0; i < kept; ++i) {
      const Pending& op = log.pending[i];
      const auto offset = static_cast<std::size_t>(op.offset);
      if (op.truncate) {
        content.resize(offset);
      } else {
        if (content.size() < offset + op.data.size()) content.resize(offset + op.data.size());
        content.replace(offset, op.data.size(), op.data);
      }
    }
    if (!log.synced && kept == 0) {
      fs::remove(path);
      continue;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().string().ends_with("-shm")) fs::remove(entry.path());
  }
  power.files.clear();
}

// The platform: one case per idempotency key (a resend is a replay), and what came for each.
struct Platform {
  std::map<std::string, std::string> cases;  // key -> local id
  int posts = 0;
  void deliver(const store::OutboxEntry& entry) {
    ++posts;
    cases.emplace(entry.idempotency_key, entry.local_id);
  }
};

// Sends everything due, as the sync worker does: post, then complete.
void drain(store::Outbox& outbox, Platform& platform, int limit) {
  for (int i = 0; i < limit; ++i) {
    auto entry = outbox.next_due(1);
    if (!entry) return;
    REQUIRE(entry->payload_opened);
    platform.deliver(*entry);
    if (!outbox.complete(entry->id, "HN-" + entry->local_id, 1).ok()) return;
  }
}

}  // namespace

TEST_CASE("power loss at a random write: every application said saved arrives exactly once") {
  const char* configured = std::getenv("YIWANG_CRASH_TRIALS");
  const int trials = configured ? std::atoi(configured) : 200;
  static sqlite3_vfs shim = make_shim();
  REQUIRE(sqlite3_vfs_register(&shim, 0) == SQLITE_OK);
  const fs::path root = fs::temp_directory_path() / ("yiwang-power-" + std::to_string(::getpid()));
  std::mt19937 random(20261130);
  // One uncut run tells how many operations a trial makes: cuts are drawn over all of them.
  long long operations_per_run = 0;
  int saved_total = 0, cut_trials = 0, resent = 0;
  for (int trial = -1; trial < trials; ++trial) {
    const fs::path dir = root / std::to_string(trial);
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string db = (dir / "kiosk.db").string();
    auto key = store::SealingKey::load_or_create(db + ".key");
    REQUIRE(key.status.ok());
    Platform platform;
    std::vector<std::pair<std::string, std::string>> saved;  // key, local id the screen showed
    power = PowerState{power.real, {}, 0, -1, false};
    if (trial >= 0)
      power.cut_at = std::uniform_int_distribution<long long>(1, operations_per_run)(random);
    REQUIRE(sqlite3_vfs_register(&shim, 1) == SQLITE_OK);  // the default for Database::open
    {
      auto opened = store::Database::open(db);
      if (opened.status.ok()) {
        store::Outbox outbox(*opened.database, *key.key);
        store::LocalState state(*opened.database);
        for (int i = 0; i < 6 && !power.cut; ++i) {
          kiosk::StoreRequest request;
          request.transaction_id = store::new_uuid();
          request.kind = "application";
          request.terminal_id = "T1";
          request.day = "20261130";
          request.payload_takes_local_id = true;
          request.payload = {{"form", {{"phone", "13800138000"}}}};
          request.now_ms = 1000 + i;
          const std::string id = request.transaction_id;
          const kiosk::Stored stored = kiosk::store_transaction(outbox, state, std::move(request));
          if (stored.ok) saved.emplace_back(id, stored.local_id);
          if (i % 2 == 1) drain(outbox, platform, 2);
        }
      }
    }
    if (trial < 0) operations_per_run = power.operations;
    const bool was_cut = power.cut;
    cut_trials += was_cut;
    REQUIRE(sqlite3_vfs_register(power.real, 1) == SQLITE_OK);  // the power is back
    if (was_cut) reboot(dir, random);
    power.files.clear();
    // The kiosk starts again on what the disk kept, and drains.
    auto reopened = store::Database::open(db);
    REQUIRE_MESSAGE(reopened.status.ok(), reopened.status.message);
    store::Outbox outbox(*reopened.database, *key.key);
    const int posts_before = platform.posts;
    drain(outbox, platform, 100);
    resent += platform.posts - posts_before;
    CAPTURE(trial);
    CHECK(outbox.counts().pending == 0);
    CHECK(outbox.counts().dead == 0);
    // Every application the screen called saved is on the platform...
    for (const auto& [id, local_id] : saved) {
      const auto found = platform.cases.find(id);
      REQUIRE_MESSAGE(found != platform.cases.end(), "saved " << local_id << " never arrived");
      CHECK(found->second == local_id);
    }
    // ...once (one case per transaction), and no local number names two transactions.
    std::set<std::string> numbers;
    for (const auto& [id, local_id] : platform.cases) {
      CHECK_MESSAGE(numbers.insert(local_id).second, "local number " << local_id << " twice");
    }
    saved_total += static_cast<int>(saved.size());
    fs::remove_all(dir);
  }
  sqlite3_vfs_unregister(&shim);
  fs::remove_all(root);
  MESSAGE(trials << " trials, " << cut_trials << " cut, " << operations_per_run
                 << " I/O operations per uncut run, " << saved_total
                 << " applications said saved, all delivered once; " << resent
                 << " sends after restart");
}
