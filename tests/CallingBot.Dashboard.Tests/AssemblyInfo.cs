// The dashboard listens to the process-wide "CallingBot" activity source, as a tracing SDK would: two hosts running
// at once in one test process would each see the other's calls. The tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
