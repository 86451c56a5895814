import { createApp } from 'vue'
import 'tdesign-vue-next/es/style/index.css'
import './styles.css'
import App from './App.vue'
import { router } from './router'

// a new version was deployed while this page was open: its old chunks are gone, so load the new page
window.addEventListener('vite:preloadError', () => location.reload())

createApp(App).use(router).mount('#app')
