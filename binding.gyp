{
  "targets": [
    {
      "target_name": "sharedctypes_native",
      "sources": ["native/shared_memory.cc"],
      "ldflags": ["-Wl,-z,nodelete"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-Werror", "-Wno-cast-function-type"],
      "conditions": [["OS!='linux'", {"type": "none"}]]
    }
  ]
}
