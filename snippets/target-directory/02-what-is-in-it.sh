ls libs
