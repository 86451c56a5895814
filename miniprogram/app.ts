import { configure } from './services/transport'

App({
  onLaunch() {
    // the transport (cloud in production, the local cloud in development) comes from config.ts
    configure()
  },
})
