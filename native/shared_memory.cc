// The native part of the process context: POSIX shared memory segments seen as
// SharedArrayBuffers, and futex waits and wake-ups that cross processes.
//
// Each segment is mapped once per process, shared by all of its threads: every
// SharedArrayBuffer over it holds one reference, and the mapping goes away with the last.
// The names of the segments `create` made stay until the process exits (so that a handle
// in flight to another thread or process can still be opened), and are removed then.
// Every system call's failure becomes a JavaScript Error carrying the errno name as `code`.
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <node.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

namespace {

using v8::Context;
using v8::FunctionCallbackInfo;
using v8::Int32Array;
using v8::Isolate;
using v8::Local;
using v8::Number;
using v8::Object;
using v8::SharedArrayBuffer;
using v8::String;
using v8::Value;

constexpr size_t kMaxNameLength = 200;
constexpr double kMaxSegmentBytes = 1ull << 40;

struct Mapping {
  std::string name;
  void* address;
  size_t length;
  size_t references;
  // The segment's identity: a name removed and made again names another segment.
  dev_t device;
  ino_t inode;
};

std::mutex mappings_mutex;
std::unordered_map<std::string, Mapping*> mappings_by_name;
// Names `create` made that this process has not removed yet; removed at exit.
std::set<std::string> created_names;

void RemoveCreatedNames() {
  std::lock_guard<std::mutex> guard(mappings_mutex);
  for (const std::string& name : created_names) shm_unlink(name.c_str());
  created_names.clear();
}

void ThrowError(Isolate* isolate, const std::string& message, const char* code = nullptr) {
  Local<Context> context = isolate->GetCurrentContext();
  Local<Value> error = v8::Exception::Error(
      String::NewFromUtf8(isolate, message.c_str()).ToLocalChecked());
  if (code != nullptr) {
    error.As<Object>()
        ->Set(context, String::NewFromUtf8Literal(isolate, "code"),
              String::NewFromUtf8(isolate, code).ToLocalChecked())
        .Check();
  }
  isolate->ThrowException(error);
}

void ThrowTypeError(Isolate* isolate, const std::string& message) {
  isolate->ThrowException(v8::Exception::TypeError(
      String::NewFromUtf8(isolate, message.c_str()).ToLocalChecked()));
}

const char* ErrnoName(int error) {
  switch (error) {
    case EEXIST: return "EEXIST";
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EINVAL: return "EINVAL";
    case ENOMEM: return "ENOMEM";
    case ENOSPC: return "ENOSPC";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case EFBIG: return "EFBIG";
    case EPERM: return "EPERM";
    case EINTR: return "EINTR";
    default: return "EUNKNOWN";
  }
}

void ThrowSystemError(Isolate* isolate, const std::string& what, int error) {
  ThrowError(isolate, what + ": " + strerror(error), ErrnoName(error));
}

// A segment name as shm_open takes it: '/', then 1 to kMaxNameLength of [A-Za-z0-9._-].
bool ValidName(const std::string& name) {
  if (name.size() < 2 || name.size() > kMaxNameLength + 1 || name[0] != '/') return false;
  for (size_t index = 1; index < name.size(); index++) {
    char c = name[index];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return name != "/." && name != "/..";
}

bool ReadName(const FunctionCallbackInfo<Value>& info, int position, std::string* name) {
  Isolate* isolate = info.GetIsolate();
  if (!info[position]->IsString()) {
    ThrowTypeError(isolate, "Expected the segment name to be a string");
    return false;
  }
  String::Utf8Value utf8(isolate, info[position]);
  *name = std::string(*utf8, utf8.length());
  if (!ValidName(*name)) {
    ThrowTypeError(isolate, "Expected the segment name to be '/' and 1 to 200 of [A-Za-z0-9._-]");
    return false;
  }
  return true;
}

bool ReadLength(const FunctionCallbackInfo<Value>& info, int position, size_t* length) {
  double value = info[position]->IsNumber() ? info[position].As<Number>()->Value() : NAN;
  if (!(value >= 8 && value <= kMaxSegmentBytes) || std::floor(value) != value ||
      std::fmod(value, 8) != 0) {
    ThrowTypeError(info.GetIsolate(),
                   "Expected the segment length to be a positive multiple of 8 up to 2^40");
    return false;
  }
  *length = static_cast<size_t>(value);
  return true;
}

void ReleaseMapping(void* /*data*/, size_t /*length*/, void* deleter_data) {
  Mapping* mapping = static_cast<Mapping*>(deleter_data);
  std::lock_guard<std::mutex> guard(mappings_mutex);
  if (--mapping->references > 0) return;
  auto found = mappings_by_name.find(mapping->name);
  if (found != mappings_by_name.end() && found->second == mapping) mappings_by_name.erase(found);
  // Nothing can report a failure here (the collector runs this), and an unmap of a whole
  // mapping made by mmap cannot fail.
  munmap(mapping->address, mapping->length);
  delete mapping;
}

// A new SharedArrayBuffer over `mapping`, holding one more reference (taken by the caller).
Local<SharedArrayBuffer> BufferOver(Isolate* isolate, Mapping* mapping) {
  std::shared_ptr<v8::BackingStore> store = SharedArrayBuffer::NewBackingStore(
      mapping->address, mapping->length, ReleaseMapping, mapping);
  return SharedArrayBuffer::New(isolate, std::move(store));
}

// A failed system call, thrown by the entry point once it has cleaned up. No V8 call may
// happen while mappings_mutex is held: anything that calls into V8 (a new buffer, an error
// object) may start a garbage collection, which runs ReleaseMapping, which takes that mutex.
struct Failure {
  std::string what;
  int error = 0;
};

void ThrowFailure(Isolate* isolate, const Failure& failure) {
  ThrowSystemError(isolate, failure.what, failure.error);
}

// Records a new mapping of `length` bytes at `address` under `name`, with one reference.
Mapping* Record(const std::string& name, void* address, size_t length,
                const struct stat& status) {
  Mapping* mapping = new Mapping{name, address, length, 1, status.st_dev, status.st_ino};
  std::lock_guard<std::mutex> guard(mappings_mutex);
  mappings_by_name[name] = mapping;
  return mapping;
}

// Maps the open descriptor `fd` (described by `status`) of `length` bytes, closes it, and
// records the mapping under `name`; nullptr with `failure` set when mmap fails.
Mapping* MapDescriptor(const std::string& name, int fd, const struct stat& status,
                       size_t length, Failure* failure) {
  void* address = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  int error = errno;
  close(fd);
  if (address == MAP_FAILED) {
    *failure = {"mmap of shared memory segment " + name + " failed", error};
    return nullptr;
  }
  return Record(name, address, length, status);
}

// Makes the segment `name` of `length` zeroed bytes, exclusively, mode 0600, with its pages
// reserved (so that a full /dev/shm is an ENOSPC error here, not a SIGBUS on first write),
// and maps it. Returns nullptr with `failure` set, or with `*exists` set (failure empty)
// when the name was taken and `exists` is given.
Mapping* CreateSegment(const std::string& name, size_t length, bool* exists,
                       Failure* failure) {
  int fd = shm_open(name.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST && exists != nullptr) {
      *exists = true;
    } else {
      *failure = {"shm_open of a new segment " + name + " failed", errno};
    }
    return nullptr;
  }
  struct stat status;
  int error = 0;
  if (ftruncate(fd, static_cast<off_t>(length)) != 0) {
    error = errno;
  } else if ((error = posix_fallocate(fd, 0, static_cast<off_t>(length))) != 0) {
    // posix_fallocate returns the error number instead of setting errno.
  } else if (fstat(fd, &status) != 0) {
    error = errno;
  }
  if (error != 0) {
    close(fd);
    shm_unlink(name.c_str());
    *failure = {"sizing the new segment " + name + " failed", error};
    return nullptr;
  }
  Mapping* mapping = MapDescriptor(name, fd, status, length, failure);
  if (mapping == nullptr) shm_unlink(name.c_str());
  return mapping;
}

// create(prefix, length): a new segment named prefix + 32 random hex digits, created
// exclusively with mode 0600, zeroed. Returns [name, buffer].
void Create(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  std::string prefix;
  size_t length;
  if (!ReadName(info, 0, &prefix) || !ReadLength(info, 1, &length)) return;
  unsigned char random[16];
  if (getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random)) {
    ThrowSystemError(isolate, "getrandom failed", errno);
    return;
  }
  std::string name = prefix;
  static const char kHex[] = "0123456789abcdef";
  for (unsigned char byte : random) {
    name += kHex[byte >> 4];
    name += kHex[byte & 15];
  }
  if (!ValidName(name)) {
    ThrowTypeError(isolate, "Expected the segment name prefix to be shorter");
    return;
  }
  Failure failure;
  Mapping* mapping = CreateSegment(name, length, nullptr, &failure);
  if (mapping == nullptr) {
    ThrowFailure(isolate, failure);
    return;
  }
  {
    std::lock_guard<std::mutex> guard(mappings_mutex);
    static std::once_flag exit_hook;
    std::call_once(exit_hook, [] { atexit(RemoveCreatedNames); });
    created_names.insert(name);
  }
  Local<Context> context = isolate->GetCurrentContext();
  Local<v8::Array> result = v8::Array::New(isolate, 2);
  result->Set(context, 0, String::NewFromUtf8(isolate, name.c_str()).ToLocalChecked()).Check();
  result->Set(context, 1, BufferOver(isolate, mapping)).Check();
  info.GetReturnValue().Set(result);
}

// The mapping of this process recorded under `name` for the segment `status` describes,
// of `length` bytes, with one more reference taken; nullptr when there is none.
Mapping* SharedMapping(const std::string& name, const struct stat& status, size_t length) {
  std::lock_guard<std::mutex> guard(mappings_mutex);
  auto found = mappings_by_name.find(name);
  if (found == mappings_by_name.end() || found->second->device != status.st_dev ||
      found->second->inode != status.st_ino || found->second->length != length) {
    return nullptr;
  }
  found->second->references++;
  return found->second;
}

// open(name, length): the segment `name`, which must have exactly `length` bytes; mapped
// once per process.
void Open(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  std::string name;
  size_t length;
  if (!ReadName(info, 0, &name) || !ReadLength(info, 1, &length)) return;
  int fd = shm_open(name.c_str(), O_RDWR, 0);
  if (fd < 0) {
    ThrowSystemError(isolate, "shm_open of segment " + name + " failed", errno);
    return;
  }
  struct stat status;
  if (fstat(fd, &status) != 0) {
    int error = errno;
    close(fd);
    ThrowSystemError(isolate, "fstat of segment " + name + " failed", error);
    return;
  }
  if (status.st_uid != geteuid() || static_cast<size_t>(status.st_size) != length) {
    close(fd);
    ThrowError(isolate, "shared memory segment " + name + " has " +
                            std::to_string(status.st_size) + " bytes or another owner; expected " +
                            std::to_string(length) + " bytes of this user", "ESIZE");
    return;
  }
  Mapping* mapping = SharedMapping(name, status, length);
  if (mapping != nullptr) {
    close(fd);
  } else {
    Failure failure;
    mapping = MapDescriptor(name, fd, status, length, &failure);
    if (mapping == nullptr) {
      ThrowFailure(isolate, failure);
      return;
    }
  }
  info.GetReturnValue().Set(BufferOver(isolate, mapping));
}

// createNamed(name, length): the new segment `name` of `length` zeroed bytes, made
// exclusively with mode 0600, or undefined when the name exists. Its name stays until
// unlink (it is not removed at exit).
void CreateNamed(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  std::string name;
  size_t length;
  if (!ReadName(info, 0, &name) || !ReadLength(info, 1, &length)) return;
  bool exists = false;
  Failure failure;
  Mapping* mapping = CreateSegment(name, length, &exists, &failure);
  if (mapping != nullptr) {
    info.GetReturnValue().Set(BufferOver(isolate, mapping));
  } else if (!exists) {
    ThrowFailure(isolate, failure);
  }
}

// segmentSize(name): the byte length of the segment `name`, or -1 when there is none.
void SegmentSize(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  std::string name;
  if (!ReadName(info, 0, &name)) return;
  int fd = shm_open(name.c_str(), O_RDONLY, 0);
  if (fd < 0) {
    if (errno == ENOENT) {
      info.GetReturnValue().Set(-1.0);
    } else {
      ThrowSystemError(isolate, "shm_open of segment " + name + " failed", errno);
    }
    return;
  }
  struct stat status;
  int result = fstat(fd, &status);
  int error = errno;
  close(fd);
  if (result != 0) {
    ThrowSystemError(isolate, "fstat of segment " + name + " failed", error);
    return;
  }
  info.GetReturnValue().Set(static_cast<double>(status.st_size));
}

// unlink(name): removes the name; mappings stay valid. Returns false when it did not exist.
void Unlink(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  std::string name;
  if (!ReadName(info, 0, &name)) return;
  {
    std::lock_guard<std::mutex> guard(mappings_mutex);
    created_names.erase(name);
  }
  if (shm_unlink(name.c_str()) == 0) {
    info.GetReturnValue().Set(true);
  } else if (errno == ENOENT) {
    info.GetReturnValue().Set(false);
  } else {
    ThrowSystemError(isolate, "shm_unlink of segment " + name + " failed", errno);
  }
}

// The address of cells[index] for an Int32Array over a SharedArrayBuffer, or nullptr
// (with a TypeError thrown).
int32_t* CellAddress(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsInt32Array() || !info[0].As<Int32Array>()->Buffer()->IsSharedArrayBuffer()) {
    ThrowTypeError(isolate, "Expected cells to be an Int32Array over a SharedArrayBuffer");
    return nullptr;
  }
  Local<Int32Array> cells = info[0].As<Int32Array>();
  Local<SharedArrayBuffer> buffer = cells->Buffer().As<SharedArrayBuffer>();
  double index = info[1]->IsNumber() ? info[1].As<Number>()->Value() : NAN;
  if (!(index >= 0 && index < static_cast<double>(cells->Length())) ||
      std::floor(index) != index) {
    ThrowTypeError(isolate, "Expected index to be an integer index of cells");
    return nullptr;
  }
  char* base = static_cast<char*>(buffer->Data());
  return reinterpret_cast<int32_t*>(base + cells->ByteOffset()) + static_cast<size_t>(index);
}

long Futex(int32_t* address, int operation, int value, const struct timespec* timeout) {
  return syscall(SYS_futex, address, operation, value, timeout, nullptr, 0);
}

// wait(cells, index, expected, timeoutMs): sleeps while cells[index] === expected, for at
// most timeoutMs (Infinity: no limit). Returns "ok" (woken, or interrupted: re-check),
// "not-equal" or "timed-out".
void Wait(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  int32_t* address = CellAddress(info);
  if (address == nullptr) return;
  if (!info[2]->IsInt32()) {
    ThrowTypeError(isolate, "Expected expected to be a 32-bit integer");
    return;
  }
  int32_t expected = info[2].As<v8::Int32>()->Value();
  double timeout_ms = info[3]->IsNumber() ? info[3].As<Number>()->Value() : NAN;
  if (!(timeout_ms >= 0)) {
    ThrowTypeError(isolate, "Expected timeoutMs to be a non-negative number");
    return;
  }
  struct timespec timeout;
  struct timespec* limit = nullptr;
  // Beyond about 31 years, as good as forever (and a time_t cast stays defined).
  if (std::isfinite(timeout_ms) && timeout_ms < 1e12) {
    double seconds = std::floor(timeout_ms / 1000);
    timeout.tv_sec = static_cast<time_t>(seconds);
    timeout.tv_nsec = static_cast<long>((timeout_ms - seconds * 1000) * 1e6);
    if (timeout.tv_nsec > 999999999) timeout.tv_nsec = 999999999;
    limit = &timeout;
  }
  const char* outcome = "ok";
  if (Futex(address, FUTEX_WAIT, expected, limit) != 0) {
    int error = errno;
    if (error == EAGAIN) {
      outcome = "not-equal";
    } else if (error == ETIMEDOUT) {
      outcome = "timed-out";
    } else if (error != EINTR) {
      ThrowSystemError(isolate, "futex wait failed", error);
      return;
    }
  }
  info.GetReturnValue().Set(String::NewFromUtf8(isolate, outcome).ToLocalChecked());
}

// wake(cells, index, count): wakes up to count waiters of cells[index] in any process;
// returns how many were woken.
void Wake(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  int32_t* address = CellAddress(info);
  if (address == nullptr) return;
  double count = info[2]->IsNumber() ? info[2].As<Number>()->Value() : NAN;
  if (!(count >= 0) || std::floor(count) != count) {
    ThrowTypeError(isolate, "Expected count to be a non-negative integer");
    return;
  }
  int wake = count > INT32_MAX ? INT32_MAX : static_cast<int>(count);
  long woken = Futex(address, FUTEX_WAKE, wake, nullptr);
  if (woken < 0) {
    ThrowSystemError(isolate, "futex wake failed", errno);
    return;
  }
  info.GetReturnValue().Set(static_cast<double>(woken));
}

// threadId(): this OS thread's id, unique among the live threads of the machine.
void ThreadId(const FunctionCallbackInfo<Value>& info) {
  info.GetReturnValue().Set(static_cast<double>(syscall(SYS_gettid)));
}

// The flag of a task that has begun to exit (PF_EXITING in the kernel's sched.h).
constexpr unsigned int kExiting = 0x4;

// threadStartTime(tid): when the live thread `tid` started, in clock ticks since boot (field
// 22 of /proc/<tid>/stat), or -1 when no such thread lives (gone, exiting, or a zombie not
// yet reaped). Together with the id it names one thread: ids are reused, start times tell
// the threads that had the same id apart.
void ThreadStartTime(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  double tid = info[0]->IsNumber() ? info[0].As<Number>()->Value() : NAN;
  if (!(tid >= 1 && tid <= INT32_MAX) || std::floor(tid) != tid) {
    ThrowTypeError(isolate, "Expected tid to be a positive 32-bit integer");
    return;
  }
  std::string path = "/proc/" + std::to_string(static_cast<int32_t>(tid)) + "/stat";
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int error = errno;
    if (error == ENOENT || error == ESRCH) {
      info.GetReturnValue().Set(-1.0);
      return;
    }
    ThrowSystemError(isolate, "open " + path + " failed", error);
    return;
  }
  char text[1024];
  ssize_t length;
  do {
    length = read(fd, text, sizeof text - 1);
  } while (length < 0 && errno == EINTR);
  int read_error = errno;
  close(fd);
  if (length < 0) {
    if (read_error == ESRCH) {
      info.GetReturnValue().Set(-1.0);
      return;
    }
    ThrowSystemError(isolate, "read " + path + " failed", read_error);
    return;
  }
  text[length] = '\0';
  // The command name (field 2) is in parentheses and may hold anything: fields 3 on
  // follow the last ')'.
  char* rest = strrchr(text, ')');
  char state = 0;
  unsigned int flags = 0;
  unsigned long long start = 0;
  if (rest == nullptr ||
      sscanf(rest + 1, " %c %*s %*s %*s %*s %*s %u %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s "
                       "%*s %*s %llu",
             &state, &flags, &start) != 3) {
    ThrowError(isolate, "unexpected contents of " + path);
    return;
  }
  // A thread in the kernel's exit path (PF_EXITING in field 9) never runs its code again,
  // and its joiner may already have returned while it still shows as running.
  bool gone = state == 'Z' || state == 'X' || state == 'x' || (flags & kExiting) != 0;
  info.GetReturnValue().Set(gone ? -1.0 : static_cast<double>(start));
}

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  NODE_SET_METHOD(exports, "create", Create);
  NODE_SET_METHOD(exports, "open", Open);
  NODE_SET_METHOD(exports, "unlink", Unlink);
  NODE_SET_METHOD(exports, "createNamed", CreateNamed);
  NODE_SET_METHOD(exports, "segmentSize", SegmentSize);
  NODE_SET_METHOD(exports, "wait", Wait);
  NODE_SET_METHOD(exports, "wake", Wake);
  NODE_SET_METHOD(exports, "threadId", ThreadId);
  NODE_SET_METHOD(exports, "threadStartTime", ThreadStartTime);
}
