// What Flex Consumption accepts, as types the plan's callers share, so each limit has one home.

@export()
@description('Scale-out ceiling, in instances, that Flex Consumption accepts.')
@minValue(40)
@maxValue(1000)
type instanceCount = int

@export()
@description('Instance memory sizes Flex Consumption offers, in MB; CPU is allotted in proportion.')
type instanceMemory = 512 | 2048 | 4096
