import { createApp } from 'vue'
import 'tdesign-vue-next/es/style/index.css'
import './styles.css'
import App from './App.vue'
import { router } from './router'

createApp(App).use(router).mount('#app')
