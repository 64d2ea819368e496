// a subdirectory to run loom from
