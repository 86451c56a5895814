App({
  onLaunch() {
    // the cloud environment of the function deployment; DYNAMIC_CURRENT_ENV-style default for the devtools
    wx.cloud.init({ traceUser: true })
  },
})
